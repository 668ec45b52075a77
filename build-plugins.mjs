// esbuild plugins of build.mjs that tests load too.
import { readFileSync } from 'node:fs';

/**
 * Two of cli-table3's costs, made small without changing what it draws (each edit checks that
 * the code it replaces is still there, or the build fails):
 * - fillInTable fills the gaps of ragged rows by asking, for every position of the grid,
 *   whether any cell of any row above covers it: work that grows with the square of the rows
 *   (50 rows: about 45,000 comparisons). A table whose every row is whole (each cell one column
 *   and one row wide, at x = 0, 1, 2, …, every row as long) has no gap, and amplify's tables
 *   are all of that kind: it returns at once for them, and does as before for any other.
 * - setOption, run about 20 times for every cell, split and re-capitalised the same option
 *   names each time, and firstDefined built two arrays per call: the names are now worked out
 *   once, and the first defined value found without arrays.
 * test/unit/cli-table3-fixes.test.ts draws tables of every shape with and without them.
 */
export function cliTable3Fixes() {
  const edits = [
    {
      file: /[\\/]cli-table3[\\/]src[\\/]layout-manager\.js$/,
      from: 'function fillInTable(table) {',
      to: `function fillInTable(table) {
    const whole = table.every((row) => row.length === table[0].length && row.every((cell, x) => cell.x === x && (cell.colSpan || 1) === 1 && (cell.rowSpan || 1) === 1));
    if (whole) return;`,
    },
    {
      file: /[\\/]cli-table3[\\/]src[\\/]cell\.js$/,
      from: `function firstDefined(...args) {
  return args.filter((v) => v !== undefined && v !== null).shift();
}`,
      to: `function firstDefined(...args) {
  for (const v of args) if (v !== undefined && v !== null) return v;
  return undefined;
}`,
    },
    {
      file: /[\\/]cli-table3[\\/]src[\\/]cell\.js$/,
      from: `function setOption(objA, objB, nameB, targetObj) {
  let nameA = nameB.split('-');
  if (nameA.length > 1) {
    nameA[1] = nameA[1].charAt(0).toUpperCase() + nameA[1].substr(1);
    nameA = nameA.join('');
    targetObj[nameA] = firstDefined(objA[nameA], objA[nameB], objB[nameA], objB[nameB]);
  } else {
    targetObj[nameB] = firstDefined(objA[nameB], objB[nameB]);
  }
}`,
      to: `const camelNames = new Map();
function camelName(nameB) {
  let nameA = camelNames.get(nameB);
  if (nameA === undefined) {
    const parts = nameB.split('-');
    if (parts.length > 1) parts[1] = parts[1].charAt(0).toUpperCase() + parts[1].substr(1);
    nameA = parts.length > 1 ? parts.join('') : null;
    camelNames.set(nameB, nameA);
  }
  return nameA;
}
function setOption(objA, objB, nameB, targetObj) {
  const nameA = camelName(nameB);
  if (nameA !== null) {
    targetObj[nameA] = firstDefined(objA[nameA], objA[nameB], objB[nameA], objB[nameB]);
  } else {
    targetObj[nameB] = firstDefined(objA[nameB], objB[nameB]);
  }
}`,
    },
  ];
  return {
    name: 'cli-table3-fixes',
    setup(build) {
      build.onLoad({ filter: /[\\/]cli-table3[\\/]src[\\/](layout-manager|cell)\.js$/ }, (args) => {
        let text = readFileSync(args.path, 'utf8');
        for (const edit of edits.filter((e) => e.file.test(args.path))) {
          if (!text.includes(edit.from)) throw new Error(`${args.path} no longer has the code the cli-table3-fixes plugin of build.mjs replaces: update it`);
          text = text.replace(edit.from, edit.to);
        }
        return { contents: text, loader: 'js' };
      });
    },
  };
}
