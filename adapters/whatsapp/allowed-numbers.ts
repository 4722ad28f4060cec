/**
 * WHATSAPP_ALLOWED_NUMBERS: the phone numbers (with country code) that may use the bot; empty
 * lets everyone. Written however people write numbers ("+91 98765-43210"), compared as digits,
 * since WhatsApp sends the sender as digits only ("919876543210").
 */
export class AllowedNumbers {
  private readonly numbers: ReadonlySet<string>;
  /** Entries that are not phone numbers, for a warning at start. */
  readonly invalid: readonly string[];

  constructor(setting: string) {
    const numbers = new Set<string>();
    const invalid: string[] = [];
    for (const entry of setting.split(',').map((e) => e.trim()).filter(Boolean)) {
      const digits = entry.replace(/[\s()+-]/g, '');
      if (/^\d{6,20}$/.test(digits)) numbers.add(digits);
      else invalid.push(entry);
    }
    this.numbers = numbers;
    this.invalid = invalid;
  }

  get enabled(): boolean {
    return this.numbers.size > 0 || this.invalid.length > 0;
  }

  allows(waId: string): boolean {
    return !this.enabled || this.numbers.has(waId.replace(/\D/g, ''));
  }
}

/** A number as logs show it: the last four digits only, since a phone number identifies a person. */
export function maskNumber(waId: string): string {
  return waId.length > 4 ? `…${waId.slice(-4)}` : '…';
}
