import { describe, expect, it } from 'vitest';
import { repairText } from './repair-text';

describe('repairText', () => {
  it('undoes UTF-8 read as windows-1252', () => {
    expect(repairText('cafÃ© Ã\u00a0 SÃ£o Paulo')).toBe('café à São Paulo');
    expect(repairText('itâ€™s â€œquotedâ€\u009d â€¦')).toBe('it’s “quoted” …');
    expect(repairText('price:Â\u00a010Â€')).toBe('price:\u00a010Â€');
  });

  it('drops the orphaned lead of a no-break space whose second byte was lost', () => {
    expect(repairText('the US has warned.Â\nExperts')).toBe('the US has warned.\nExperts');
    expect(repairText('warned.Â')).toBe('warned.');
    expect(repairText('<p>warned.Â</p>')).toBe('<p>warned.</p>');
    expect(repairText('a , Â b')).toBe('a ,  b');
  });

  it('maps C1 controls to the windows-1252 punctuation they stand for', () => {
    expect(repairText('don\u0092t \u0093x\u0094 \u0080')).toBe('don’t “x” €');
  });

  it('leaves real text alone', () => {
    for (const text of ['SÃO PAULO', 'NÃO', '„Gruß“', 'CAFÉ…', 'Ä“', 'Ações', 'naïve', 'ÂNGULO', 'Â-side', 'VÂ', 'Новости']) {
      expect(repairText(text)).toBe(text);
    }
  });
});
