/**
 * A mongoose connection over whichever store is open. Mongoose only needs a `db`
 * object exposing `collection(name)`: the driver's Db or the embedded one, so the same
 * models run on both with no wire protocol in between.
 */
import mongoose, { type Connection } from 'mongoose';
import type { Store } from './types.js';

export function createMongooseConnection(store: Store): Connection {
  const conn = mongoose.createConnection();
  // Collections appear on first write in both stores; indexes are declared in schemas.
  conn.set('autoCreate', false);
  conn.set('autoIndex', true);
  Object.assign(conn, { db: store.mongooseDb, name: 'lms' });
  // onOpen is how mongoose marks a connection ready and flushes buffered operations.
  (conn as Connection & { onOpen(): void }).onOpen();
  return conn;
}
