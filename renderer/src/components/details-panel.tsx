/**
 * The details panel: the selected item's properties as a name/value list.
 */
import type { OutlineItem } from '../workspace/outline';

/** The details panel. */
export function DetailsPanel({ item }: { item: OutlineItem | undefined }) {
  return (
    <aside className="details-panel" aria-label="Details">
      <h2 className="panel-title">Details</h2>
      {item ? (
        <>
          <p className="details-heading">{item.label}</p>
          <dl className="properties">
            {item.properties.map(([name, value]) => (
              <div key={name} className="property">
                <dt>{name}</dt>
                <dd title={value}>{value}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : (
        <p className="empty-state">Nothing selected.</p>
      )}
    </aside>
  );
}
