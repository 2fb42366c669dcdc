/** The name of the internal LRS client whose authority xAPI (TinCan) launch tokens carry. */
export const TINCAN_AUTHORITY = 'Learning Hub xAPI launch';
