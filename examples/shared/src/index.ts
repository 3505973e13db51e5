/** Helpers shared by the tutorials (not published). */
export { lossChartSpec, renderSvg } from './charts.js';
export { parseTutorialArgs, runTutorial, type TutorialArgs, type TutorialContext, toNumber } from './cli.js';
export { runTutorialJson } from './run-tutorial.js';
