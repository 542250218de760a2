// What the screens may ask of the map(s) they show, without touching the engine: back to the
// overview, north up, zoom, zoom to an intervention, focus, and an image for the print sheet.
// One MapCommands serves a group of maps that move together (compare): a move is made on the
// first map that can make it and MapSync carries it to the others. Must never hold a map engine
// object itself: it only forwards to the controllers that registered with it.
import type { MapController } from './mapController';

export class MapCommands {
  private readonly controllers: MapController[] = [];

  /** Registers a map's controller (MapView does this); returns the function that unregisters it. */
  attach(controller: MapController): () => void {
    this.controllers.push(controller);
    return () => {
      const at = this.controllers.indexOf(controller);
      if (at !== -1) this.controllers.splice(at, 1);
    };
  }

  /** "Overzicht": every map back to its opening view. */
  overview(): void {
    for (const controller of this.controllers) controller.overview();
  }

  /** North up and the default tilt. */
  resetNorth(): void {
    this.controllers[0]?.resetNorth();
  }

  /** Zoom in (positive) or out by `delta` levels. */
  zoomBy(delta: number): void {
    this.controllers[0]?.zoomBy(delta);
  }

  /** Fits intervention `id` on the first map that shows it. */
  zoomTo(id: string): void {
    this.controllers.find((controller) => controller.shows(id))?.zoomTo(id);
  }

  /** Keyboard focus to the first map. */
  focus(): void {
    this.controllers[0]?.focus();
  }

  /** PNG data URLs of every map's next frame, in the order the maps were shown. */
  captureImages(): Promise<string[]> {
    return Promise.all(this.controllers.map((controller) => controller.captureImage()));
  }
}
