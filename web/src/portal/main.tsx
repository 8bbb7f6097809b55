import { render } from 'solid-js/web';
import { PortalApp } from './portal-app.tsx';
import 'chartist/dist/index.css';
import './portal.css';

render(() => <PortalApp />, document.getElementById('portal') as HTMLElement);
