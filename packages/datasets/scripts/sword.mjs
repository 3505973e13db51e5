/**
 * A small reader for SWORD zText Bible modules (the format of Debian's sword-text-* packages).
 *
 * Per testament (`ot`, `nt`) a module has three files:
 * - `<t>.bzs`: one 12-byte entry per compressed block: uint32 offset and uint32 size in `.bzz`,
 *   uint32 size once inflated (little-endian);
 * - `<t>.bzv`: one 10-byte entry per verse slot: uint32 block, uint32 offset inside the inflated
 *   block, uint16 length (0 = empty slot);
 * - `<t>.bzz`: the blocks, each zlib-deflated (CompressType=ZIP).
 *
 * Verse slots follow the module's versification: slot 0 is empty, slot 1 the module heading, then
 * per book one book-heading slot and per chapter one chapter-heading slot followed by its verses.
 * The headings carry OSIS `<div type="book" osisID="Gen">` and `<chapter osisID="Gen.1">`
 * markers, which is how `readVerses` recovers book, chapter and verse numbers.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateSync } from 'node:zlib';

/** The raw OSIS text of every verse slot of one testament, in slot order. */
export function readSlots(moduleDir, testament) {
  const bzs = readFileSync(join(moduleDir, `${testament}.bzs`));
  const bzv = readFileSync(join(moduleDir, `${testament}.bzv`));
  const bzz = readFileSync(join(moduleDir, `${testament}.bzz`));
  const blocks = [];
  for (let i = 0; i + 12 <= bzs.length; i += 12) {
    blocks.push({ offset: bzs.readUInt32LE(i), size: bzs.readUInt32LE(i + 4), raw: bzs.readUInt32LE(i + 8) });
  }
  const inflated = new Map();
  const slots = [];
  for (let i = 0; i + 10 <= bzv.length; i += 10) {
    const block = bzv.readUInt32LE(i);
    const offset = bzv.readUInt32LE(i + 4);
    const length = bzv.readUInt16LE(i + 8);
    if (length === 0) {
      slots.push('');
      continue;
    }
    if (!inflated.has(block)) {
      const b = blocks[block];
      const bytes = inflateSync(bzz.subarray(b.offset, b.offset + b.size));
      if (bytes.length !== b.raw)
        throw new Error(`block ${block} inflated to ${bytes.length}, expected ${b.raw}`);
      inflated.set(block, bytes);
    }
    slots.push(
      inflated
        .get(block)
        .subarray(offset, offset + length)
        .toString('utf8'),
    );
  }
  return slots;
}

/**
 * Every verse of a module as `{ book, chapter, verse, osis }` (raw OSIS markup), old then new
 * testament. Throws when the heading markers do not follow the layout described above.
 */
export function readVerses(moduleDir) {
  const verses = [];
  for (const testament of ['ot', 'nt']) {
    const slots = readSlots(moduleDir, testament);
    let book = null;
    let chapter = 0;
    let verse = 0;
    for (let i = 2; i < slots.length; i++) {
      const text = slots[i];
      const bookMark = /<div[^>]*\bosisID="([^".]+)"[^>]*type="book"/.exec(text);
      const chapterMark = /<chapter[^>]*\bosisID="([^".]+)\.(\d+)"[^>]*sID=/.exec(text);
      if (bookMark && verse === 0 && chapter === 0) {
        book = bookMark[1];
        continue;
      }
      if (
        chapterMark &&
        chapterMark[1] === book &&
        Number(chapterMark[2]) === chapter + 1 &&
        !/<w /.test(text)
      ) {
        chapter++;
        verse = 0;
        continue;
      }
      if (book === null || chapter === 0)
        throw new Error(`${testament} slot ${i}: verse before any book/chapter heading`);
      verse++;
      verses.push({ book, chapter, verse, osis: text });
      // The next slot is a book heading when this book's last chapter ends here.
      if (
        i + 1 < slots.length &&
        /type="book"/.test(slots[i + 1]) &&
        /<div[^>]*type="book"/.test(slots[i + 1])
      ) {
        const next = /<div[^>]*\bosisID="([^".]+)"[^>]*type="book"/.exec(slots[i + 1]);
        if (next && next[1] !== book) {
          chapter = 0;
          verse = 0;
        }
      }
    }
  }
  return verses;
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Plain text of a verse: drops footnotes and headings with their content, every other tag
 * (keeping the words inside `<w>`, `<transChange>`, `<divineName>`, `<q>`, …), Strong's numbers
 * (they live in tag attributes), pilcrows and stray USFM markers; decodes entities; collapses
 * whitespace.
 */
export function plainText(osis) {
  return osis
    .replace(/<note\b[^>]*>[\s\S]*?<\/note>/g, ' ')
    .replace(/<title\b[^>]*>[\s\S]*?<\/title>/g, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|apos);/g, (_, name) => ENTITIES[name])
    .replace(/\\\+?[a-z]+\d*\*?/g, '')
    .replace(/[¶]/g, '')
    .replace(/\s+/g, ' ')
    .replace(/\s+([,.;:!?])/g, '$1')
    .trim();
}
