// Screen `#/audience/<channelId>`: the audience window of a presentation (the projector). It is
// rendered only from the presenter's presentation messages on the channel (BroadcastChannel on
// the app's own origin): it asks for the current state when it opens, shows the last valid
// state it got, tells the presenter when that state is drawn, and closes when the presentation
// ends. It never reads a briefing, talking points, notes or compositions (see AudienceScreen).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PresenterMessage, presentationChannelName } from '../../../shared/view/presentationState';
import type { AudienceMessage, AudienceState } from '../../../shared/view/presentationState';
import { AudienceScreen } from './AudienceScreen';

export function AudienceView({ channelId }: { channelId: string }) {
  const { t } = useTranslation();
  const [current, setCurrent] = useState<{ seq: number; state: AudienceState } | undefined>(undefined);
  const [ended, setEnded] = useState(false);
  const channel = useRef<BroadcastChannel | undefined>(undefined);

  useEffect(() => {
    document.title = t('audience.documentTitle');
  }, [t]);

  useEffect(() => {
    const bc = new BroadcastChannel(presentationChannelName(channelId));
    channel.current = bc;
    bc.onmessage = (event: MessageEvent<unknown>) => {
      // Anything that is not exactly a presenter message is ignored: no field can carry more.
      const message = PresenterMessage.safeParse(event.data);
      if (!message.success) return;
      if (message.data.type === 'end') {
        setEnded(true);
        window.close();
        return;
      }
      const { seq, state } = message.data;
      setCurrent((previous) => (previous && previous.seq > seq ? previous : { seq, state }));
    };
    const hello: AudienceMessage = { type: 'hello' };
    bc.postMessage(hello);
    return () => {
      bc.close();
      channel.current = undefined;
    };
  }, [channelId]);

  const seq = current?.seq;
  return (
    <main id="main" className="audience" tabIndex={-1}>
      {ended ? (
        <p className="audience__message">{t('audience.ended')}</p>
      ) : current === undefined ? (
        <p className="audience__message" role="status">
          {t('audience.waiting')}
        </p>
      ) : (
        <AudienceScreen
          state={current.state}
          onDrawn={() => {
            if (seq === undefined) return;
            const shown: AudienceMessage = { type: 'shown', seq };
            channel.current?.postMessage(shown);
          }}
        />
      )}
    </main>
  );
}
