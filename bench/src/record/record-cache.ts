import { formatNumber, progress } from '../progress';
import { tempFolder } from '../temp-files';
import { buildRecordFile, type RecordFile } from './record-file';

export interface RecordCache {
  /**
   * A generated record of `children` children, built once per run and shared by the benchmarks
   * that ask for the same size. Treat the file as read-only: copy it before writing to it.
   */
  get(children: number, baseChildren: number): Promise<RecordFile>;
  remove(): void;
}

export function createRecordCache(): RecordCache {
  const folder = tempFolder('records');
  const built = new Map<number, Promise<RecordFile>>();
  return {
    get(children, baseChildren) {
      let record = built.get(children);
      if (!record) {
        progress(`building a record of ${formatNumber(children)} children`);
        record = buildRecordFile(folder.file(`record-${children}.db`), { baseChildren, children });
        built.set(children, record);
      }
      return record;
    },
    remove: () => folder.remove(),
  };
}
