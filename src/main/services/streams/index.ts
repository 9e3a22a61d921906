// Back-pressure for what main streams to a window (terminal output, logs): the window
// acknowledges what it has shown, the source pauses above a high mark and resumes below a low one.
export { FlowControl, PauseGate, type FlowOptions, type Watermarks } from './flow-control'
