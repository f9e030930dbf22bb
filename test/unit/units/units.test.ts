import { describe, it, expect } from '@jest/globals';
import fc from 'fast-check';
import {
  CURRENCY_CODES,
  UnitConversionError,
  cannotConvertValueMessage,
  conversionMap,
  convert,
  convertNullable,
  convertQuantity,
  incompatibleUnitMessage,
  invalidQuantityMessage,
  invalidUnitMessage,
  isConvertible,
  isCurrencyCode,
  isEnergyPriceUnit,
  isEnergyUnit,
  isFlowUnit,
  isPowerUnit,
  isStockUnit,
  isValidUnit,
  needsResolution,
  parseQuantity,
  priceCurrency,
} from '../../../functions/core/units/index.js';
import { toMathjsSyntax } from '../../../functions/core/units/registry.js';
import { HOUR, MINUTE } from '../../../functions/core/time/index.js';
import { thrownBy } from '../../helpers/errors.js';

const thrown = (fn: () => unknown) => thrownBy(UnitConversionError, fn);

describe('isValidUnit', () => {
  it.each([
    'W', 'kW', 'MW', 'GW', 'Wh', 'kWh', 'MWh', 'GWh', 'kVA', 'MVA', 'VA',
    'EUR/MWh', 'EUR/kWh', 'KRW/kWh', 'USD/MWh', 'EUR', 'kEUR', 'cEUR/kWh', 'EUR/kW',
    '%', '‰', 'ppm', '°C', '°F', 'K', 'm³/h', 'm³', 'l/h', 'l', 'L', 'm/s', 'km/h', 'W/m²',
    '', 'dimensionless', 'h', 'min', 's', 'd', 'kg', 'A', 'V', 'Hz', '1/h', 's⁻¹', 'm**3', 'kW*h', 'kW h', 'µs', 'kvar', '°',
  ])('accepts %j', (unit) => {
    expect(isValidUnit(unit)).toBe(true);
  });

  it.each(['foo', 'kwh', 'KW', '5 kW', '2 EUR/MWh', 'EUR/', '/h', 'kW/', 'm³/', 'XYZ', 'euro', 'EURO/MWh', '%%%x', 'kW^1e400', '__proto__', 'constructor', 'NaN'])(
    'rejects %j',
    (unit) => {
      expect(isValidUnit(unit)).toBe(false);
    },
  );

  it('gives the sensor-creation message', () => {
    expect(invalidUnitMessage('foo')).toBe("Unit 'foo' cannot be handled.");
  });

  it('knows every ISO 4217 code as a unit', () => {
    for (const code of CURRENCY_CODES) {
      expect(code).toMatch(/^[A-Z]{3}$/);
      expect(isCurrencyCode(code)).toBe(true);
      expect(isValidUnit(code)).toBe(true);
      expect(isValidUnit(`${code}/MWh`)).toBe(true);
    }
    expect(isCurrencyCode('eur')).toBe(false);
    expect(isCurrencyCode('ABC')).toBe(false);
    expect(new Set(CURRENCY_CODES).size).toBe(CURRENCY_CODES.length);
  });

  it('rewrites pint notation into mathjs syntax', () => {
    expect(toMathjsSyntax('m³/h')).toBe('m^3/h');
    expect(toMathjsSyntax('°C')).toBe('degC');
    expect(toMathjsSyntax('%')).toBe('percent');
    expect(toMathjsSyntax('‰')).toBe('permille');
    expect(toMathjsSyntax('')).toBe('dimensionless');
    expect(toMathjsSyntax('s⁻¹')).toBe('s^-1');
    expect(toMathjsSyntax('m**2')).toBe('m^2');
    expect(toMathjsSyntax('1/h')).toBe('dimensionless/h');
    expect(toMathjsSyntax('µs')).toBe('us');
  });
});

describe('classification', () => {
  /** `is` holds for every unit of `yes` and for none of `no` (a failure lists the units it got wrong). */
  const expectClassifies = (is: (unit: string) => boolean, yes: string[], no: string[]) => {
    expect(yes.filter((unit) => !is(unit))).toEqual([]);
    expect(no.filter((unit) => is(unit))).toEqual([]);
  };

  it('isStockUnit: energy and volume only', () => {
    expectClassifies(
      isStockUnit,
      ['Wh', 'kWh', 'MWh', 'GWh', 'J', 'MJ', 'm³', 'l', 'L', 'kW*h'],
      ['W', 'kW', 'MW', 'kVA', 'm³/h', 'l/h', '°C', 'EUR/MWh', '%', '', 'EUR', 'm/s', 'foo'],
    );
  });

  it('isFlowUnit: power and volume per time', () => {
    expectClassifies(isFlowUnit, ['W', 'kW', 'MW', 'kVA', 'm³/h', 'l/h', 'kWh/h'], ['kWh', 'm³', '°C', 'EUR/MWh', '%', 'foo']);
  });

  it('isPowerUnit and isEnergyUnit compare dimensions (pint semantics)', () => {
    expectClassifies(isPowerUnit, ['kW', 'MVA', 'J/s'], ['kWh', '°C', 'EUR/MWh', 'nonsense']);
    expectClassifies(isEnergyUnit, ['kWh', 'MWh', 'J'], ['kW', 'EUR/MWh']);
  });

  it('isEnergyPriceUnit: ISO code + "/" + energy unit', () => {
    expectClassifies(isEnergyPriceUnit, ['EUR/MWh', 'KRW/kWh', 'USD/Wh'], ['KRW/MW', 'EUR', 'beans/MWh', 'kEUR/MWh', 'ABC/MWh', 'EUR/foo']);
  });

  it('priceCurrency', () => {
    expect(priceCurrency('EUR/MWh')).toBe('EUR');
    expect(priceCurrency('KRW/kW')).toBe('KRW');
    expect(priceCurrency('EUR')).toBeNull();
    expect(priceCurrency('kW/h')).toBeNull();
    expect(priceCurrency('EUR/foo')).toBeNull();
  });
});

describe('isConvertible', () => {
  it.each([
    ['kW', 'kW'],
    ['W', 'kW'],
    ['kW', 'MW'],
    ['MW', 'GW'],
    ['kVA', 'MW'],
    ['l/h', 'm³/h'],
    ['EUR/kWh', 'EUR/MWh'],
    ['%', ''],
    ['‰', '%'],
    ['°C', 'K'],
    ['°C', '°F'],
    ['kWh', 'kW'],
    ['kW', 'kWh'],
    ['m³', 'm³/h'],
    ['m³/h', 'm³'],
    ['kWh', 'MW'],
    ['J/s', 'W'],
    ['nonsense', 'nonsense'],
  ])('%j → %j', (from, to) => {
    expect(isConvertible(from, to)).toBe(true);
  });

  it.each([
    ['EUR', 'USD'],
    ['EUR/MWh', 'USD/MWh'],
    ['EUR/MWh', 'EUR/m³'],
    ['kW', '°C'],
    ['°C', 'W'],
    ['%', 'kW'],
    ['m³/h', 'm'],
    ['kW', 'm³/h'],
    ['kW', 'kW/h²'],
    ['kW', 'nonsense'],
    ['nonsense', 'kW'],
    ['°C', '°C*h'],
  ])('%j ↛ %j', (from, to) => {
    expect(isConvertible(from, to)).toBe(false);
  });

  it('needsResolution only for stock↔flow', () => {
    expect(needsResolution('m³', 'm³/h')).toBe(true);
    expect(needsResolution('kW', 'MWh')).toBe(true);
    expect(needsResolution('kW', 'MW')).toBe(false);
    expect(needsResolution('kW', 'kW')).toBe(false);
    expect(needsResolution('kW', '°C')).toBe(false);
  });

  it('message for incompatible units', () => {
    expect(incompatibleUnitMessage('m³/h', 'm')).toBe('Required unit for this sensor is m³/h, got incompatible unit: m');
  });
});

describe('convert', () => {
  const tenMinutes = 10 * MINUTE;

  it('docs/contract/api.md §12.2 item 8: -11.28 m³ per 10 minutes is -67.68 m³/h', () => {
    const [value] = convert([-11.28], 'm³', 'm³/h', tenMinutes);
    expect(value).toBeCloseTo(-67.68, 12);
  });

  it('docs/contract/api.md §12.2 item 8: -11.28 l/h is -0.01128 m³/h', () => {
    const [value] = convert([-11.28], 'l/h', 'm³/h');
    expect(value).toBeCloseTo(-0.01128, 15);
  });

  it('decision 0012 example: -5.64 m³ per 10 minutes is -33.84 m³/h', () => {
    expect(convert([-5.64], 'm³', 'm³/h', tenMinutes)[0]).toBeCloseTo(-33.84, 12);
  });

  it('scales power, energy and prices', () => {
    expect(convert([1, 2.5, -3], 'kW', 'W')).toEqual([1000, 2500, -3000]);
    expect(convert([1500], 'kW', 'MW')).toEqual([1.5]);
    expect(convert([2], 'GW', 'MW')).toEqual([2000]);
    expect(convert([5], 'kVA', 'MW')).toEqual([0.005]);
    expect(convert([1], 'MVA', 'kW')).toEqual([1000]);
    expect(convert([3], 'MWh', 'kWh')).toEqual([3000]);
    expect(convert([0.29], 'EUR/kWh', 'EUR/MWh')[0]).toBeCloseTo(290, 12);
    expect(convert([1], 'EUR/kWh', 'EUR/MWh')).toEqual([1000]);
    expect(convert([250], 'EUR/MWh', 'EUR/kWh')).toEqual([0.25]);
    expect(convert([1], 'KRW/kWh', 'KRW/MWh')).toEqual([1000]);
    expect(convert([36], 'km/h', 'm/s')[0]).toBeCloseTo(10, 12);
  });

  it('currencies take SI prefixes but never convert into each other', () => {
    expect(convert([2], 'kEUR', 'EUR')).toEqual([2000]);
    expect(convert([3], 'MEUR/MWh', 'EUR/kWh')).toEqual([3000]);
    expect(convert([50], 'cEUR/kWh', 'EUR/MWh')).toEqual([500]);
    expect(isConvertible('XAU', 'XAG')).toBe(false);
    expect(isConvertible('ZAR/kW', 'kW')).toBe(false);
    expect(isConvertible('ZAR/kW', 'ZAR/MW')).toBe(true);
  });

  it('converts percentages and dimensionless', () => {
    expect(convert([90], '%', '')).toEqual([0.9]);
    expect(convert([0.5], '', '%')).toEqual([50]);
    expect(convert([5], '‰', '%')).toEqual([0.5]);
    expect(convert([0.9], 'dimensionless', '%')[0]).toBeCloseTo(90, 12);
  });

  it('converts temperatures with their offsets', () => {
    expect(convert([0, 100, -40], '°C', '°F')).toEqual([32, 212, -40]);
    expect(convert([20], '°C', 'K')[0]).toBeCloseTo(293.15, 12);
    expect(convert([273.15], 'K', '°C')[0]).toBeCloseTo(0, 12);
  });

  it('converts stocks to flows and back using the resolution', () => {
    const quarter = 15 * MINUTE;
    expect(convert([1], 'kWh', 'kW', quarter)).toEqual([4]);
    expect(convert([1], 'kWh', 'MW', quarter)).toEqual([0.004]);
    expect(convert([4], 'MW', 'kWh', quarter)).toEqual([1000]);
    expect(convert([2], 'kW', 'kWh', HOUR)).toEqual([2]);
    expect(convert([3], 'm³/h', 'm³', 20 * MINUTE)).toEqual([1]);
    expect(convert([24], 'MWh', 'MW', 24 * HOUR)).toEqual([1]);
  });

  it('takes the fast path for equal strings (even units mathjs does not know)', () => {
    const input = [1, 2, 3];
    const output = convert(input, 'whatever', 'whatever');
    expect(output).toEqual([1, 2, 3]);
    expect(output).not.toBe(input);
    expect(convert([1], 'm³', 'm³', 0)).toEqual([1]);
  });

  it('throws for incompatible units', () => {
    const error = thrown(() => convert([1], 'EUR', 'USD'));
    expect(error.reason).toBe('incompatible');
    expect(error.message).toBe("Cannot convert from 'EUR' to 'USD': the units are incompatible.");
    expect(thrown(() => convert([1], 'kW', '°C')).reason).toBe('incompatible');
    expect(thrown(() => convert([1], 'EUR/MWh', 'USD/MWh')).reason).toBe('incompatible');
  });

  it('throws for invalid units', () => {
    const error = thrown(() => convert([1], 'kW', 'foo'));
    expect(error.reason).toBe('invalid-unit');
    expect(error.message).toContain("Unit 'foo' cannot be handled.");
  });

  it('throws a clear error for stock↔flow without a resolution (instantaneous sensors)', () => {
    for (const resolution of [undefined, 0, -1, Number.NaN]) {
      const error = thrown(() => convert([1], 'm³', 'm³/h', resolution));
      expect(error.reason).toBe('needs-resolution');
      expect(error.from).toBe('m³');
      expect(error.to).toBe('m³/h');
      expect(error.message).toMatch(/without a known, non-zero event resolution/);
    }
  });

  it('convertNullable keeps nulls', () => {
    expect(convertNullable([1, null, 2], 'kW', 'W')).toEqual([1000, null, 2000]);
    expect(convertNullable([null, 0], '°C', '°F')).toEqual([null, 32]);
    expect(convertNullable([null], 'x', 'x')).toEqual([null]);
    expect(() => convertNullable([null], 'kWh', 'kW', 0)).toThrow(UnitConversionError);
  });

  it('conversionMap exposes the affine map', () => {
    expect(conversionMap('kW', 'kW')).toEqual({ scale: 1, offset: 0 });
    expect(conversionMap('kW', 'W')).toEqual({ scale: 1000, offset: 0 });
    expect(conversionMap('°C', '°F')).toEqual({ scale: 1.8, offset: 32 });
    expect(conversionMap('m³', 'm³/h', 10 * MINUTE)).toEqual({ scale: 6, offset: 0 });
  });

  const scalable = ['W', 'kW', 'MW', 'GW', 'kVA'] as const;
  it('property: scaling round-trips', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...scalable),
        fc.constantFrom(...scalable),
        fc.double({ min: -1e9, max: 1e9, noNaN: true }),
        (from, to, value) => {
          const [there] = convert([value], from, to);
          const [back] = convert([there!], to, from);
          expect(back).toBeCloseTo(value, 3);
        },
      ),
    );
  });

  it('property: stock→flow→stock round-trips for any resolution', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('kWh', 'MWh', 'Wh', 'm³', 'l'),
        fc.integer({ min: 1, max: 7 * 24 * 60 }),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        (stock, minutes, value) => {
          const flow = stock === 'm³' || stock === 'l' ? 'm³/h' : 'kW';
          const resolution = minutes * MINUTE;
          const [rate] = convert([value], stock, flow, resolution);
          const [amount] = convert([rate!], flow, stock, resolution);
          expect(amount).toBeCloseTo(value, 6);
        },
      ),
    );
  });
});

describe('parseQuantity', () => {
  it.each([
    ['15 kW', 15, 'kW'],
    ['0.29 EUR/kWh', 0.29, 'EUR/kWh'],
    ['90%', 90, '%'],
    ['0.9', 0.9, ''],
    ['2 MW', 2, 'MW'],
    ['-5 kW', -5, 'kW'],
    ['+5kW', 5, 'kW'],
    ['1e3 W', 1000, 'W'],
    ['.5 MWh', 0.5, 'MWh'],
    ['  12 kWh  ', 12, 'kWh'],
    ['kW', 1, 'kW'],
    ['99.99%', 99.99, '%'],
    ['20 °C', 20, '°C'],
  ])('%j', (text, value, unit) => {
    expect(parseQuantity(text)).toEqual({ value, unit });
  });

  it('rejects what is no quantity with FlexMeasures messages', () => {
    expect(thrown(() => parseQuantity('banana')).message).toBe(
      "Cannot convert value 'banana' to a valid quantity. 'banana' is not defined in the unit registry",
    );
    expect(thrown(() => parseQuantity('5 bananas')).message).toBe(
      "Cannot convert value '5 bananas' to a valid quantity. 'bananas' is not defined in the unit registry",
    );
    expect(thrown(() => parseQuantity('')).reason).toBe('unparsable');
    expect(thrown(() => parseQuantity('5 kW 3')).message).toMatch(/^Cannot convert value '5 kW 3' to a valid quantity\. /);
    expect(thrown(() => parseQuantity('1e999 kW')).reason).toBe('unparsable');
    expect(invalidQuantityMessage('x', 'detail')).toBe("Cannot convert value 'x' to a valid quantity. detail");
  });
});

describe('convertQuantity', () => {
  it('converts to the field unit', () => {
    expect(convertQuantity('15 kW', 'MW')).toBe(0.015);
    expect(convertQuantity('2 MW', 'MW')).toBe(2);
    expect(convertQuantity('0.29 EUR/kWh', 'EUR/MWh')).toBeCloseTo(290, 12);
    expect(convertQuantity('90%', '%')).toBe(90);
    expect(convertQuantity('90%', '')).toBe(0.9);
    expect(convertQuantity('0.9', '%')).toBeCloseTo(90, 12);
    expect(convertQuantity('99.99%', '')).toBeCloseTo(0.9999, 12);
    expect(convertQuantity('12.1 kWh', 'MWh')).toBeCloseTo(0.0121, 15);
    expect(convertQuantity('-5 kW', 'MW')).toBe(-0.005);
    expect(convertQuantity('100 kVA', 'MW')).toBe(0.1);
  });

  it('incompatible → Cannot convert value `<v>` to <unit>', () => {
    const error = thrown(() => convertQuantity('5 kW', 'EUR/MWh'));
    expect(error.message).toBe("Cannot convert value `5 kW` to 'EUR/MWh'");
    expect(error.reason).toBe('incompatible');
    expect(thrown(() => convertQuantity('5', 'MW')).message).toBe("Cannot convert value `5` to 'MW'");
    expect(thrown(() => convertQuantity('3 EUR/MWh', 'USD/MWh')).message).toBe("Cannot convert value `3 EUR/MWh` to 'USD/MWh'");
    expect(cannotConvertValueMessage('5 dimensionless', 'MW')).toBe("Cannot convert value `5 dimensionless` to 'MW'");
  });

  it('stock↔flow only with a resolution', () => {
    expect(thrown(() => convertQuantity('12 kWh', 'MW')).message).toBe("Cannot convert value `12 kWh` to 'MW'");
    expect(convertQuantity('12 kWh', 'MW', 15 * MINUTE)).toBeCloseTo(0.048, 15);
    expect(thrown(() => convertQuantity('12 kWh', 'MW', 0)).reason).toBe('needs-resolution');
  });

  it('unparsable text', () => {
    expect(thrown(() => convertQuantity('lots', 'MW')).reason).toBe('unparsable');
  });
});
