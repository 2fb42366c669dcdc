/**
 * SCORM time formats, shared by the server and the player (no Node or DOM APIs here).
 * SCORM 1.2 CMITimespan `HHHH:MM:SS.SS`; SCORM 2004 / xAPI ISO 8601 duration `PT#H#M#S`.
 */
/** SCORM 1.2 CMITimespan from seconds (hours capped at 9999). */
export function formatTimespan(seconds: number): string {
  const cs = Math.round(seconds * 100);
  const h = Math.min(Math.floor(cs / 360000), 9999);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  return `${String(h).padStart(4, '0')}:${String(m).padStart(2, '0')}:${s.toFixed(2).padStart(5, '0')}`;
}

/** ISO 8601 duration (SCORM 2004 timeinterval, xAPI result.duration) from seconds. */
export function formatDuration(seconds: number): string {
  const cs = Math.round(seconds * 100);
  const h = Math.floor(cs / 360000);
  const m = Math.floor((cs % 360000) / 6000);
  const s = (cs % 6000) / 100;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${Number(s.toFixed(2))}S`;
}
