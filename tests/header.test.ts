import { describe, expect, it } from 'vitest';
import { HeaderMatcher } from '../src/input/header.js';
import { columnSpecs } from '../src/validate/columns.js';

const matcher = new HeaderMatcher(columnSpecs());

describe('HeaderMatcher', () => {
  it('matches column ids and Chinese labels exactly', () => {
    expect(matcher.match('care_beds')).toEqual({ id: 'care_beds', normalised: false });
    expect(matcher.match('其中护理型床位（张）')).toEqual({ id: 'care_beds', normalised: false });
  });

  it('matches variants after normalising, and says so', () => {
    expect(matcher.match('其中护理型床位(张)')).toEqual({ id: 'care_beds', normalised: true });
    expect(matcher.match(' 其中护理型床位　（张） ')).toEqual({ id: 'care_beds', normalised: true });
    expect(matcher.match('CARE_BEDS')).toEqual({ id: 'care_beds', normalised: true });
    expect(matcher.match('养老机构床位数')).toEqual({ id: 'elderly_beds', normalised: true });
  });

  it('does not match unknown labels or what could be two columns', () => {
    expect(matcher.match('__proto__')).toBeUndefined();
    expect(matcher.match('constructor')).toBeUndefined();
    expect(matcher.match('床位')).toBeUndefined();
  });
});
