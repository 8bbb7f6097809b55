import { render } from 'solid-js/web';
import { App } from './app.tsx';
import './styles/base.css';
import './styles/grid.css';
import './styles/panels.css';
import './styles/views.css';

render(() => <App />, document.getElementById('app') as HTMLElement);
