import type { StateCreator } from 'zustand/vanilla'
import type { ApiClient } from '../api'
import type { AppState } from '.'

/** A feature's slice of the one bound store; it gets the API client it talks to. */
export type SliceCreator<T> = (api: ApiClient) => StateCreator<AppState, [], [], T>
