/**
 * Map settings, fixed when the UI is built.
 *
 * `tileUrl` is an optional background image for the maps: a URL template with
 * {west} {south} {east} {north} {width} {height}, such as a WMS GetMap request
 * in EPSG:4326 from the city's own map service. Because that image is in plain
 * lon/lat, stretching it over the map's bounding box lines it up exactly with
 * the equirectangular projection the maps use. Unset (the default), the maps
 * draw only the jurisdiction polygons and call no outside server.
 *
 *   VITE_MAP_TILE_URL='https://gis.example.gov.cn/wms?SERVICE=WMS&REQUEST=GetMap&VERSION=1.1.1&LAYERS=base&SRS=EPSG:4326&FORMAT=image/png&BBOX={west},{south},{east},{north}&WIDTH={width}&HEIGHT={height}'
 */
export const mapSettings = {
  tileUrl: import.meta.env.VITE_MAP_TILE_URL || null,
};
