import * as generated from '../../../prisma/generated/client/enums';
import * as own from './enums';

describe('persistence enums', () => {
  it('declares every enum of the schema, with the same values', () => {
    expect(Object.keys(own).sort()).toEqual(Object.keys(generated).sort());
    for (const name of Object.keys(generated)) {
      expect([name, own[name as keyof typeof own]]).toEqual([
        name,
        generated[name as keyof typeof generated],
      ]);
    }
  });
});
