import { Component, type ComponentChildren } from 'preact';
import { html } from '../html';

interface Props {
  /** What the panel shows, for the message: "Savepoints", "Latest window", ... */
  name: string;
  children?: ComponentChildren;
}

interface State {
  error: unknown;
}

/**
 * Error boundary around one panel: when the panel throws while rendering, it shows the error in its place and
 * the rest of the page keeps rendering (style.md, "Dashboard pages"). "Retry" renders the panel again.
 */
export class PanelBoundary extends Component<Props, State> {
  state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  componentDidCatch(error: unknown) {
    console.warn(`panel ${this.props.name} failed:`, error);
    this.setState({ error });
  }

  render() {
    const { error } = this.state;
    if (error === undefined) return html`<div class="panel-slot">${this.props.children}</div>`;
    const message = error instanceof Error ? error.message : String(error);
    return html`
      <article class="notice notice-error panel-error" role="alert" data-testid="panel-error" data-panel=${this.props.name}>
        <span><strong>${this.props.name}</strong> could not be shown: ${message}${' '}</span>
        <button class="btn-sm secondary" onClick=${() => this.setState({ error: undefined })}>Retry</button>
      </article>
    `;
  }
}
