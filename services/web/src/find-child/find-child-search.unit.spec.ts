import { describe, expect, it } from 'vitest';
import { searchFrom } from './find-child-search';

describe('the Find a child form', () => {
  it('searches by exactly one of NHS number, UPN or name, spaces and case tidied', () => {
    expect(searchFrom({ nhsNumber: ' 943 476 5919 ' })).toEqual({ search: { nhsNumber: '9434765919' } });
    expect(searchFrom({ upn: 'h801200001001' })).toEqual({ search: { upn: 'H801200001001' } });
    expect(searchFrom({ name: ' Amira  Patel ', 'dateOfBirth-day': '14', 'dateOfBirth-month': '3', 'dateOfBirth-year': '2014' })).toEqual({ search: { name: 'Amira Patel', dateOfBirth: '2014-03-14' } });
  });

  it('says what is wrong on the field at fault', () => {
    const nothing = searchFrom({});
    expect('errors' in nothing && nothing.errors.summary).toEqual([{ text: 'Enter the child’s name, NHS number or unique pupil number (UPN)', href: '#name' }]);
    const two = searchFrom({ name: 'Amira', nhsNumber: '9434765919' });
    expect('errors' in two && two.errors.fields.name).toMatch(/one thing at a time/);
    const badDate = searchFrom({ name: 'Amira', 'dateOfBirth-day': '31', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2014' });
    expect('errors' in badDate && badDate.errors.summary[0]!.href).toBe('#dateOfBirth-day');
    const dateOnly = searchFrom({ 'dateOfBirth-day': '1', 'dateOfBirth-month': '2', 'dateOfBirth-year': '2014' });
    expect('errors' in dateOnly && dateOnly.errors.fields.name).toMatch(/name to search with their date of birth/);
    const shortNhs = searchFrom({ nhsNumber: '12345' });
    expect('errors' in shortNhs && shortNhs.errors.fields.nhsNumber).toMatch(/10 digits/);
  });
});
