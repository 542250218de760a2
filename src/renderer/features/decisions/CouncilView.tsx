// Screen `#/council`: the council's composition (party groups with their seats, and the people
// with their function and group), kept by the clerk and synced like decisions. The clerk can
// record the demo council (made-up names for Rotterdam, marked demo) and change the seats and
// names of the party groups. Everyone signed in sees it. Renders text only.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { demoCouncil } from '../../../shared/records/demoCouncil';
import { CouncilBody } from '../../../shared/records/records';
import { newRecordId, saveAppRecords, useRecordsOfKind, useSignedInAccount } from '../../data/syncHooks';
import { hrefFor } from '../../router';
import { syncClient } from '../../sync/syncClient';
import { PageHeading } from '../common/routeFocus';
import { currentCouncil } from './DecisionsPanel';

export function CouncilView() {
  const { t } = useTranslation();
  const account = useSignedInAccount();
  const councils = useRecordsOfKind(account?.id, 'council');
  const council = currentCouncil(councils);
  const [seats, setSeats] = useState<Record<string, number>>({});
  const [saved, setSaved] = useState(false);
  const clerk = account?.role === 'clerk';

  const save = (id: string, body: CouncilBody) => {
    const parsed = CouncilBody.safeParse(body);
    if (!parsed.success || !account) return;
    void saveAppRecords(account.id, [{ kind: 'council', id, body: parsed.data }]).then(() => {
      setSaved(true);
      syncClient.changed();
    });
  };

  return (
    <section className="council-view">
      <PageHeading title={t('council.title')} />
      {account === null ? (
        <p>
          {t('decisions.signInFirst')} <a href={hrefFor({ kind: 'account' })}>{t('account.signInLink')}</a>
        </p>
      ) : account === undefined ? null : !council ? (
        <>
          <p>{t('council.none')}</p>
          {clerk ? (
            <>
              <p>{t('council.demoNote')}</p>
              <p className="button-row">
                <button type="button" onClick={() => save(newRecordId(), demoCouncil())}>
                  {t('council.useDemo')}
                </button>
              </p>
            </>
          ) : (
            <p>{t('council.notClerk')}</p>
          )}
        </>
      ) : (
        <>
          <p>
            {council.body.name}
            {council.body.demo ? <span className="badge badge-demo">{t('app.demoBadge')}</span> : null}
          </p>
          <table className="council-groups">
            <caption>{t('council.groups')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('decisions.partyGroup')}</th>
                <th scope="col">{t('decisions.seats')}</th>
                <th scope="col">{t('council.people')}</th>
              </tr>
            </thead>
            <tbody>
              {council.body.partyGroups.map((g) => (
                <tr key={g.id}>
                  <th scope="row">{g.name}</th>
                  <td>
                    {clerk ? (
                      <input
                        type="number"
                        min={0}
                        max={100}
                        aria-label={t('council.seatsOf', { group: g.name })}
                        value={seats[g.id] ?? g.seats}
                        onChange={(e) => {
                          setSeats({ ...seats, [g.id]: Math.max(0, Math.min(100, Number(e.target.value) || 0)) });
                          setSaved(false);
                        }}
                      />
                    ) : (
                      g.seats
                    )}
                  </td>
                  <td>
                    {council.body.people
                      .filter((p) => p.partyGroupId === g.id)
                      .map((p) => (p.function === 'raadslid' ? p.name : `${p.name} (${t(`council.functions.${p.function}`)})`))
                      .join(', ')}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {clerk ? (
            <p className="button-row">
              <button
                type="button"
                onClick={() => save(council.id, { ...council.body, partyGroups: council.body.partyGroups.map((g) => ({ ...g, seats: seats[g.id] ?? g.seats })) })}
              >
                {t('council.save')}
              </button>
            </p>
          ) : null}
          <p role="status">{saved ? t('council.saved') : ''}</p>
        </>
      )}
    </section>
  );
}
