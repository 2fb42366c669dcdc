/**
 * Okabe–Ito: eight colours told apart with the common colour-vision deficiencies. Series
 * also differ by point shape and dash, so nothing depends on colour alone.
 */
export const OKABE_ITO = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#F0E442', '#000000'] as const;
export const POINT_STYLES = ['circle', 'triangle', 'rect', 'rectRot', 'crossRot', 'star'] as const;
export const DASHES: number[][] = [[], [6, 4], [2, 3], [8, 3, 2, 3]];

export const seriesColor = (i: number) => OKABE_ITO[i % OKABE_ITO.length]!;
