import { h, type VNode } from 'preact';
import htm from 'htm';

/** htm tagged templates bound to Preact (no JSX). Every template must have a single root element. */
export const html = htm.bind(h) as unknown as (strings: TemplateStringsArray, ...values: unknown[]) => VNode;
