/**
 * Catches render errors and failed chunk loads (e.g. after a redeploy), and offers a reload instead of a
 * white page. Plain markup: it wraps everything, so it must not pull antd's Result into the first chunk.
 */
import { Component, type ReactNode } from 'react';

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(prev: { resetKey?: string }): void {
    if (prev.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div role="alert" style={{ padding: 48, textAlign: 'center' }}>
        <h2 style={{ fontWeight: 500 }}>页面出错了 / Something went wrong</h2>
        <p style={{ color: '#888' }}>{this.state.error.message}</p>
        <button
          type="button"
          onClick={() => window.location.reload()}
          style={{
            padding: '6px 16px',
            borderRadius: 6,
            border: 0,
            background: '#1677ff',
            color: '#fff',
            cursor: 'pointer',
          }}
        >
          重新加载 / Reload
        </button>
      </div>
    );
  }
}
