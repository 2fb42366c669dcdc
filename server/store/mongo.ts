/** The MongoDB path: the official driver, seen through the same narrow interface. */
import { MongoClient, type Collection, type Db, type Document } from 'mongodb';
import type { Store, StoreCollection, StoreDb } from './types.js';

/** Compile-time proof that the driver's Collection satisfies our contract. */
function asStoreCollection<T extends Document>(c: Collection<T>): StoreCollection<T> {
  return c;
}

export async function openMongoStore(uri: string, dbName?: string): Promise<Store> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 10_000 });
  await client.connect();
  const nativeDb: Db = client.db(dbName);
  const db: StoreDb = {
    collection: <T extends Document>(name: string) => asStoreCollection(nativeDb.collection<T>(name)),
  };
  return {
    kind: 'mongodb',
    db,
    mongooseDb: nativeDb,
    async ping() {
      await nativeDb.command({ ping: 1 });
    },
    close: () => client.close(),
  };
}
