/**
 * The application whiteboard: SIP servlets registered as OSGi services, deployed into the container by name,
 * shadowed by service ranking, and the routing order between them.
 */
package io.sipsm.host.internal.whiteboard;
