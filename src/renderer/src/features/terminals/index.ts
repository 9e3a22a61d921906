// The terminals feature: tabs of xterm.js terminals (SSH to nodes, pod exec, local shells
// pinned to a context) with end-to-end flow control, and the button other pages use to open one.
import './terminals.css'

export { TerminalsPage } from './TerminalsPage'
export { TerminalsIndicator } from './TerminalsIndicator'
export { OpenHostTerminal } from './OpenHostTerminal'
export { createTerminalsSlice, TERMINALS_PAGE, terminalTitle, type TerminalsSlice, type PodTerminalRequest } from './terminals-slice'
export { terminalsStrings } from './strings'
