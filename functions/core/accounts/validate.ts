/** Domain checks of account and user fields, with FlexMeasures' messages (docs/contract/api.md §7.13, §7.14). */

const HEX_COLOR = /^#?([A-Fa-f0-9]{6}|[A-Fa-f0-9]{3})$/;

/** Colors: 3 or 6 hex digits with an optional `#`; the message shows the value with a `#`. */
export function hexColorError(value: string): string | null {
  if (HEX_COLOR.test(value)) return null;
  return `${value.startsWith('#') ? value : `#${value}`} is not a valid hex color code.`;
}

// http/https/ftp, a domain name or IPv4 address, optional port, path and query — FlexMeasures' URL rule.
const URL_RULE = new RegExp(
  '^(https?|ftp)://' +
    '((([A-Za-z0-9-]+\\.)+[A-Za-z]{2,6})|(\\d{1,3}\\.){3}\\d{1,3})' +
    '(:\\d+)?' +
    "(/([A-Za-z0-9$_.+!*'(),;?&=-]|%[0-9A-Fa-f]{2})*)*" +
    "(\\?([A-Za-z0-9$_.+!*'(),;?&=-]|%[0-9A-Fa-f]{2})*)?",
);

/** `logo_url`: an http(s)/ftp URL of at most 255 characters. */
export function logoUrlError(value: string): string | null {
  if (!URL_RULE.test(value)) return `'${value}' is not a valid URL.`;
  if (value.length > 255) return 'provided logo-url is too long. Maximum length is 255 characters.';
  return null;
}

/** Whether an IANA time zone name is known (as pytz would know it). */
export function isTimezone(name: string): boolean {
  if (!name || name !== name.trim()) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

export function timezoneError(name: string): string | null {
  return isTimezone(name) ? null : `Timezone ${name} doesn't exist.`;
}
