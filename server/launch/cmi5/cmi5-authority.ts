/** The name of the internal LRS client whose authority cmi5 launches and the LMS's cmi5 statements carry. */
export const CMI5_AUTHORITY = 'Learning Hub cmi5';
