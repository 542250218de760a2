// Moves keyboard and screen-reader focus to the page's <h1> after a route change, and keeps
// document.title in step with it, as a full page load would. The first screen after start-up
// keeps its natural focus so the skip link stays the first tab stop.
import { createContext, useCallback, useContext, useEffect, useRef } from 'react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

type RouteFocus = {
  routeKey: string;
  /** True once per route change: the first heading to ask gets the focus. */
  claim(routeKey: string): boolean;
};

const RouteFocusContext = createContext<RouteFocus>({ routeKey: '', claim: () => false });

export function RouteFocusProvider({ routeKey, children }: { routeKey: string; children: ReactNode }) {
  // The route shown at start-up counts as already focused.
  const lastClaimed = useRef<string>(routeKey);
  const claim = useCallback((key: string) => {
    if (lastClaimed.current === key) return false;
    lastClaimed.current = key;
    return true;
  }, []);
  return <RouteFocusContext.Provider value={{ routeKey, claim }}>{children}</RouteFocusContext.Provider>;
}

/** The screen's <h1>: sets the document title and takes focus after navigation. */
export function PageHeading({ title, children }: { title: string; children?: ReactNode }) {
  const { t } = useTranslation();
  const { routeKey, claim } = useContext(RouteFocusContext);
  const ref = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    document.title = t('app.documentTitle', { page: title });
  }, [t, title]);

  useEffect(() => {
    if (claim(routeKey)) ref.current?.focus();
  }, [claim, routeKey]);

  return (
    <h1 ref={ref} tabIndex={-1} className="page-heading">
      {children ?? title}
    </h1>
  );
}
