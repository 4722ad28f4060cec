import { describe, expect, it } from 'vitest';
import { catalogListingRows } from '../../src/models/catalog-listing.js';

describe('catalogListingRows', () => {
  it('lists catalog entries in catalog order, then installed models the catalog lacks, then broken ones', async () => {
    const catalog = [{ id: 'small' }, { id: 'large' }];
    const installed = { models: [{ manifest: { id: 'mine' } }, { manifest: { id: 'large' } }], problems: ['gone.v2: model file is missing'] };
    const rows = await catalogListingRows(catalog, installed, {
      entry: async (entry, model) => `${entry.id}:${model ? 'installed' : 'missing'}`,
      installedOnly: (model) => `${model.manifest.id}:own`,
      broken: (id, problem) => `${id}:broken (${problem})`,
    });
    expect(rows).toEqual(['small:missing', 'large:installed', 'mine:own', 'gone.v2:broken (gone.v2: model file is missing)']);
  });
});
