/** The portal's branding: the name clients see, a logo (an image of at most 256 KiB) and two colours, each with how readable text on it is. */
import { createSignal, Show } from 'solid-js';
import { PORTAL_LOGO_MAX_BYTES } from '../../../server/api/portal-access-api.ts';
import { contrastRatio, READABLE, readableOn, textColourOn, WHITE } from '../portal/contrast.ts';
import { FieldError, invalidAttributes } from '../ui/field-error.tsx';
import type { PortalSettings } from './portal-admin-api.ts';

type Branding = PortalSettings['branding'];

export function PortalBrandingFields(props: { branding: Branding; onChange: (branding: Branding) => void; errorAt: (field: string) => string | null }) {
  const [logoError, setLogoError] = createSignal<string | null>(null);
  const set = (change: Partial<Branding>) => props.onChange({ ...props.branding, ...change });
  const setColour = (which: 'primary' | 'accent', value: string) => set({ colours: { ...props.branding.colours, [which]: value } });

  const readLogo = (file: File | undefined) => {
    setLogoError(null);
    if (!file) return;
    if (!/^image\/(png|jpeg|gif|webp)$/.test(file.type)) return setLogoError('Choose a PNG, JPEG, GIF or WebP image.');
    if (file.size > PORTAL_LOGO_MAX_BYTES)
      return setLogoError(`The logo must be at most ${PORTAL_LOGO_MAX_BYTES / 1024} KiB (this one is ${Math.ceil(file.size / 1024)} KiB).`);
    const reader = new FileReader();
    reader.onload = () => set({ logoUrl: String(reader.result) });
    reader.readAsDataURL(file);
  };

  const colourField = (which: 'primary' | 'accent', label: string) => {
    const id = `portal-colour-${which}`;
    const value = () => props.branding.colours[which];
    const valid = () => /^#[0-9a-fA-F]{6}$/.test(value());
    // What the portal does with it (portal/branding.ts): text on the colour in white or ink, the colour as text on white darkened to 4.5:1.
    const note = () => {
      if (!valid()) return '';
      const on = textColourOn(value());
      const ratio = contrastRatio(on, value());
      const asText = contrastRatio(value(), WHITE);
      return `${on === WHITE ? 'White' : 'Dark'} text on it: ${ratio.toFixed(1)}:1${ratio < READABLE ? ' — too faint for small text, choose a darker or lighter colour' : ''}. As text on white: ${asText.toFixed(1)}:1${asText < READABLE ? `, shown darker (${readableOn(value())}) so it reads` : ''}.`;
    };
    return (
      <>
        <label for={id}>{label}</label>
        <span class="colour-field">
          <input type="color" aria-label={`${label} (picker)`} value={valid() ? value() : '#000000'} onInput={(e) => setColour(which, e.currentTarget.value)} />
          <input
            id={id}
            value={value()}
            size={8}
            onInput={(e) => setColour(which, e.currentTarget.value.trim())}
            {...invalidAttributes(id, props.errorAt(`colours.${which}`))}
          />
          <FieldError for={id} error={props.errorAt(`colours.${which}`)} />
        </span>
        <small class="muted colour-note">{note()}</small>
      </>
    );
  };

  return (
    <fieldset>
      <legend>Branding</legend>
      <div class="portal-fields">
        <label for="portal-brand-name">Name clients see</label>
        <span>
          <input
            id="portal-brand-name"
            value={props.branding.name}
            size={30}
            onInput={(e) => set({ name: e.currentTarget.value })}
            {...invalidAttributes('portal-brand-name', props.errorAt('name'))}
          />
          <FieldError for="portal-brand-name" error={props.errorAt('name')} />
        </span>
        <span />
        <label for="portal-brand-logo">Logo</label>
        <span class="logo-field">
          <Show when={props.branding.logoUrl}>
            {(url) => (
              <>
                <img src={url()} alt="The portal's logo" class="portal-logo-preview" />
                <button type="button" onClick={() => set({ logoUrl: null })}>
                  Remove logo
                </button>
              </>
            )}
          </Show>
          <input
            id="portal-brand-logo"
            type="file"
            accept="image/png,image/jpeg,image/gif,image/webp"
            onChange={(e) => readLogo(e.currentTarget.files?.[0])}
            {...invalidAttributes('portal-brand-logo', logoError() ?? props.errorAt('logoUrl'))}
          />
          <FieldError for="portal-brand-logo" error={logoError() ?? props.errorAt('logoUrl')} />
        </span>
        <span />
        {colourField('primary', 'Main colour')}
        {colourField('accent', 'Accent colour')}
      </div>
    </fieldset>
  );
}
