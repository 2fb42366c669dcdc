import test from 'ava';
import { buildIcs, escapeText, foldLine } from './ics.js';

test('text is escaped as RFC 5545 says: backslash, semicolon, comma, newline', (t) => {
  t.is(escapeText('a\\b; c, d\ne\r\nf'), 'a\\\\b\\; c\\, d\\ne\\nf');
});

test('long lines fold at 75 octets without splitting a UTF-8 character', (t) => {
  const line = `SUMMARY:${'é'.repeat(60)}`;
  const folded = foldLine(line);
  const parts = folded.split('\r\n');
  t.true(parts.length > 1);
  t.true(parts.every((p) => Buffer.byteLength(p, 'utf8') <= 75));
  t.true(parts.slice(1).every((p) => p.startsWith(' ')));
  t.is(parts.map((p, i) => (i ? p.slice(1) : p)).join(''), line, 'unfolding gives the line back');
});

test('an invitation is one VEVENT with CRLF line ends; a cancel says so', (t) => {
  const base = {
    uid: 'u1@lms.example',
    sequence: 0,
    stamp: new Date('2026-12-01T08:00:00Z'),
    start: new Date('2026-12-10T09:00:00Z'),
    end: new Date('2026-12-10T10:30:00Z'),
    summary: 'Fire safety',
    organizer: { name: 'Learning "team"', email: 'learning@lms.example' },
    attendee: { name: 'Ava Stone', email: 'ava@example.com' },
  };
  const ics = buildIcs({ ...base, method: 'REQUEST' });
  t.true(ics.endsWith('END:VCALENDAR\r\n'));
  t.false(/[^\r]\n/.test(ics));
  t.regex(ics, /\r\nDTSTART:20261210T090000Z\r\nDTEND:20261210T103000Z\r\n/);
  t.regex(ics, /\r\nORGANIZER;CN="Learning team":mailto:learning@lms\.example\r\n/, 'a quote cannot end the parameter early');
  const cancel = buildIcs({ ...base, method: 'CANCEL', sequence: 1 });
  t.regex(cancel, /\r\nMETHOD:CANCEL\r\n[\s\S]*\r\nSEQUENCE:1\r\n[\s\S]*\r\nSTATUS:CANCELLED\r\n/);
});
