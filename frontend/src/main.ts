import '@picocss/pico/css/pico.min.css';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { html } from './html';
import { App } from './components/App';

const root = document.getElementById('app');
if (root) render(html`<${App} />`, root);
