// The snapshot's TEXT section (docs/marketplace.md): the strings an answer shows,
// compressed with a symbol table. The engine never decodes them (the host does,
// for the few results it returns); `load` checks the table and every bound.
import { ErrorCode, TextLayout } from "./abi";
import { NONE } from "./bundle";

export let textCount: u32 = 0;

export function checkText(at: usize, length: u32): i32 {
  textCount = 0;
  if (length < <u32>TextLayout.FirstSymbol) return ErrorCode.BadBounds;
  const count = load<u32>(at + TextLayout.Count);
  const symbols = load<u32>(at + TextLayout.SymbolCount);
  if (symbols > <u32>TextLayout.MaxSymbols) return ErrorCode.BadRecord;
  const offsetsAt = <u64>TextLayout.FirstSymbol + <u64>symbols * TextLayout.SymbolBytes;
  const head = offsetsAt + (<u64>count + 1) * 4;
  if (head > <u64>length) return ErrorCode.BadBounds;
  for (let s: u32 = 0; s < symbols; s++) {
    const size = load<u32>(at + TextLayout.FirstSymbol + s * TextLayout.SymbolBytes);
    if (size < 1 || size > <u32>TextLayout.MaxSymbolLength) return ErrorCode.BadRecord;
  }
  const blob = <u64>length - head;
  let previous: u32 = 0;
  for (let i: u32 = 0; i <= count; i++) {
    const offset = load<u32>(at + <usize>offsetsAt + ((<usize>i) << 2));
    if ((i === 0 && offset !== 0) || offset < previous || <u64>offset > blob) {
      return ErrorCode.BadBounds;
    }
    previous = offset;
  }
  textCount = count;
  return ErrorCode.Ok;
}

export function isText(text: u32): bool {
  return text < textCount;
}

export function isTextOrNone(text: u32): bool {
  return text === NONE || text < textCount;
}
