import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { UsageError } from '../command.ts';
import { findCollectionByName } from '../../src/lib/server/collections/collections.ts';
import { computeSuggestions, listSuggestions } from '../../src/lib/server/bodies/suggest.ts';
import { checkName } from '../../src/lib/server/validate.ts';

export const commands: Record<string, Command> = {
  'bodies suggest': {
    usage: 'bodies suggest --collection <name> [--json]',
    /** Computes the candidate bodies of a collection (nothing is grouped) and prints them. */
    async run({ db }, args) {
      const { values } = parseArgs({
        args,
        options: { collection: { type: 'string' }, json: { type: 'boolean', default: false } }
      });
      const name = checkName(values.collection);
      if (!name.ok) throw new UsageError('--collection <name> is required');
      const collection = await findCollectionByName(db, name.value);
      if (!collection) throw new UsageError(`no collection "${name.value}"`);
      await computeSuggestions(db, collection.id);
      const suggestions = await listSuggestions(db, collection.id);
      if (values.json) console.log(JSON.stringify(suggestions, null, 2));
      else {
        for (const s of suggestions)
          console.log(
            `${s.id}  ${s.reasons.join('+').padEnd(15)} ${s.itemIds.length} photo(s): ${s.itemIds.join(' ')}`
          );
        console.log(
          `collection "${collection.name}": ${suggestions.length} candidate bod${suggestions.length === 1 ? 'y' : 'ies'}`
        );
      }
      return 0;
    }
  }
};
