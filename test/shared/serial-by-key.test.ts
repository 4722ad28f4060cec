import { describe, expect, it } from 'vitest';
import { SerialByKey } from '../../adapters/shared/serial-by-key.js';

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe('SerialByKey', () => {
  it('runs tasks of one key one after another, so a read-merge-write keeps both changes', async () => {
    const serial = new SerialByKey<string>();
    let stored: Record<string, string> = {};
    const save = (change: Record<string, string>) =>
      serial.run('user', async () => {
        const read = { ...stored };
        await tick();
        stored = { ...read, ...change };
        return stored;
      });
    await Promise.all([save({ grade: '5' }), save({ language: 'hi' })]);
    expect(stored).toEqual({ grade: '5', language: 'hi' });
  });

  it('lets tasks of other keys run side by side, and a failed task does not block the next one', async () => {
    const serial = new SerialByKey<number>();
    const order: string[] = [];
    const slow = serial.run(1, async () => {
      await tick();
      order.push('1 slow');
      throw new Error('store down');
    });
    const other = serial.run(2, async () => {
      order.push('2');
      return 'two';
    });
    const after = serial.run(1, async () => {
      order.push('1 after');
      return 'one';
    });
    await expect(slow).rejects.toThrow('store down');
    expect(await other).toBe('two');
    expect(await after).toBe('one');
    expect(order).toEqual(['2', '1 slow', '1 after']);
  });
});
