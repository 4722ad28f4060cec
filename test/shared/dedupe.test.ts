import { describe, expect, it } from 'vitest';
import { handleOnce } from '../../adapters/shared/handle-once.js';
import { MemoryDedupeStore } from '../../adapters/shared/memory-dedupe-store.js';
import { RecentIds } from '../../adapters/shared/recent-ids.js';

describe('handleOnce', () => {
  it('handles an event once; its redelivery is a duplicate', async () => {
    const store = new MemoryDedupeStore();
    let runs = 0;
    expect(await handleOnce(store, 'wa:msg:1', async () => void runs++)).toBe('handled');
    expect(await handleOnce(store, 'wa:msg:1', async () => void runs++)).toBe('duplicate');
    expect(runs).toBe(1);
  });

  it('leaves a failed event unmarked, so the retry is handled', async () => {
    const store = new MemoryDedupeStore();
    await expect(handleOnce(store, 'id', async () => Promise.reject(new Error('store down')))).rejects.toThrow('store down');
    let runs = 0;
    expect(await handleOnce(store, 'id', async () => void runs++)).toBe('handled');
    expect(runs).toBe(1);
  });
});

describe('MemoryDedupeStore', () => {
  it('marks once and stays bounded', async () => {
    const store = new MemoryDedupeStore(2);
    expect(await store.markIfNew('a')).toBe(true);
    expect(await store.markIfNew('a')).toBe(false);
    await store.markIfNew('b');
    await store.markIfNew('c');
    expect(await store.has('c')).toBe(true);
    expect(await store.has('a')).toBe(false);
  });
});

describe('RecentIds', () => {
  it('says first time once within the window, again after it', () => {
    const ids = new RecentIds(1000);
    expect(ids.firstTime('x', 0)).toBe(true);
    expect(ids.firstTime('x', 999)).toBe(false);
    expect(ids.firstTime('x', 2000)).toBe(true);
  });

  it('forgets on request and holds at most maxIds, oldest out first', () => {
    const ids = new RecentIds(60_000, 2);
    ids.remember('a', 1);
    ids.forget('a');
    expect(ids.has('a', 2)).toBe(false);
    ids.remember('a', 3);
    ids.remember('b', 4);
    ids.remember('c', 5);
    expect(ids.size).toBe(2);
    expect(ids.has('a', 6)).toBe(false);
    expect(ids.has('c', 6)).toBe(true);
  });
});
