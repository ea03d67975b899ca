import { isUnknown } from '../../../../src/sources/arm-template/expressions/values.js';
import { failure, run } from './fixture.js';

// Examples from template-functions-date.md (MicrosoftDocs/azure-docs), and values computed by ARM's
// expression library in Bicep's tests (Azure/bicep baselines_bicepparam/Expressions/parameters.json).

describe('dateTimeAdd', () => {
  // The reference deploys with a base time of 2020-04-07 14:53:14Z and shows the results in an
  // older engine's en-US format (4/7/2023 2:53:14 PM); ARM's library writes ISO 8601.
  it.each([
    ['P3Y', '2023-04-07T14:53:14Z'],
    ['-P9D', '2020-03-29T14:53:14Z'],
    ['PT1H', '2020-04-07T15:53:14Z'],
  ])('adds %s to 2020-04-07 14:53:14Z: %s', (duration, expected) => {
    expect(run(`[dateTimeAdd('2020-04-07 14:53:14Z', '${duration}')]`)).toBe(expected);
  });

  it('adds to what dateTimeFromEpoch() writes (Bicep: 2023-04-01T01:00:38Z)', () => {
    expect(run("[dateTimeAdd(dateTimeFromEpoch(1680224438), 'P1D')]")).toBe('2023-04-01T01:00:38Z');
  });

  it('moves the calendar for months and years, to the month’s last day where the day is missing', () => {
    expect(run("[dateTimeAdd('2023-01-31T00:00:00Z', 'P1M')]")).toBe('2023-02-28T00:00:00Z');
    expect(run("[dateTimeAdd('2024-02-29T12:00:00Z', 'P1Y')]")).toBe('2025-02-28T12:00:00Z');
    expect(run("[dateTimeAdd('2020-01-01T00:00:00Z', 'P1Y2M3W4DT5H6M7S')]")).toBe('2021-03-26T05:06:07Z');
    expect(run("[dateTimeAdd('2020-01-01T00:00:00.5Z', 'PT0.25S')]")).toBe('2020-01-01T00:00:00.75Z');
  });

  it('reads the basic format utcNow() writes, and offsets', () => {
    expect(run("[dateTimeAdd('20190305T175318Z', 'PT1M')]")).toBe('2019-03-05T17:54:18Z');
    expect(run("[dateTimeAdd('2020-04-07T16:53:14+02:00', 'PT0S')]")).toBe('2020-04-07T14:53:14Z');
  });

  it('writes the result in a .NET format when given one', () => {
    expect(run("[dateTimeAdd('2020-04-07 14:53:14Z', 'PT1H', 'yyyy-MM-dd HH:mm')]")).toBe('2020-04-07 15:53');
    expect(run("[dateTimeAdd('2020-04-07 14:53:14Z', 'P1D', 'u')]")).toBe('2020-04-08 14:53:14Z');
    expect(run("[dateTimeAdd('2020-04-07 14:53:14Z', 'P1D', 'o')]")).toBe('2020-04-08T14:53:14.0000000Z');
  });

  it.each([
    ["[dateTimeAdd('yesterday', 'P1D')]", 'dateTimeAdd(): expects an ISO 8601 date and time, like 2023-03-31T01:00:38Z, not "yesterday"'],
    ["[dateTimeAdd('2023-02-30T00:00:00Z', 'P1D')]", 'dateTimeAdd(): expects a date and time that exists, not "2023-02-30T00:00:00Z"'],
    ["[dateTimeAdd('2023-01-01T00:00:00Z', '1 day')]", 'dateTimeAdd(): expects an ISO 8601 duration, like P1D or -PT1H30M, not "1 day"'],
    ["[dateTimeAdd('2023-01-01T00:00:00Z', 'P')]", 'dateTimeAdd(): expects an ISO 8601 duration, like P1D or -PT1H30M, not "P"'],
    ["[dateTimeAdd('2023-01-01T00:00:00Z', 'P1D', 'Q')]", 'dateTimeAdd(): cannot write the date format "Q"'],
    ["[dateTimeAdd('9999-12-31T00:00:00Z', 'P1D')]", 'dateTimeAdd(): gives a time outside the years 1 to 9999'],
    ["[dateTimeAdd('2023-01-01T00:00:00Z', 'P1D', 'yyyy ''open')]", 'dateTimeAdd(): cannot write the date format "yyyy \'open", whose quote is not closed'],
    ["[dateTimeAdd('2023-01-01T00:00:00Z', 'P1D', 'ffffffff')]", 'dateTimeAdd(): cannot write the date format with 8 f digits'],
  ])('%s fails: %s', (text, message) => {
    expect(failure(text)).toBe(message);
  });
});

describe('dateTimeFromEpoch, dateTimeToEpoch', () => {
  it('convert between epoch seconds and ISO 8601 (Bicep: 1680224438)', () => {
    expect(run('[dateTimeFromEpoch(1680224438)]')).toBe('2023-03-31T01:00:38Z');
    expect(run('[dateTimeToEpoch(dateTimeFromEpoch(1680224438))]')).toBe(1680224438);
    expect(run("[dateTimeToEpoch('1970-01-01T00:00:00Z')]")).toBe(0);
  });

  it('refuse what is not a time', () => {
    expect(failure("[dateTimeFromEpoch('x')]")).toBe('dateTimeFromEpoch(): expects its first argument to be an integer, not the string "x"');
    expect(failure('[dateTimeFromEpoch(999999999999)]')).toBe('dateTimeFromEpoch(): gives a time outside the years 1 to 9999');
  });
});

describe('utcNow', () => {
  it('is Unknown, the time of a deployment, unless the context gives a time', () => {
    const value = run('[utcNow()]');
    expect(isUnknown(value) && value.reason).toBe('utcNow() is the time of the deployment');
  });

  it('writes the context’s time in a format (utcnow.json: 20190305T175318Z, 03/05/2019, 3 5)', () => {
    const utcNow = new Date('2019-03-05T17:53:18Z');
    expect(run('[utcNow()]', { utcNow })).toBe('20190305T175318Z');
    expect(run("[utcNow('d')]", { utcNow })).toBe('03/05/2019');
    expect(run("[utcNow('M d')]", { utcNow })).toBe('3 5');
    expect(run("[utcNow('u')]", { utcNow })).toBe('2019-03-05 17:53:18Z');
    expect(run("[utcNow('dddd, MMM dd yyyy hh:mm tt')]", { utcNow })).toBe('Tuesday, Mar 05 2019 05:53 PM');
    expect(run("[utcNow('yyyy''-''MM')]", { utcNow })).toBe('2019-03');
  });
});
