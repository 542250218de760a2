// Entry of the Electron main process (built to out/main/index.js). Everything lives in
// small modules beside this one so that it can be unit-tested with a fake electron.
import { startApp } from './lifecycle';

startApp();
