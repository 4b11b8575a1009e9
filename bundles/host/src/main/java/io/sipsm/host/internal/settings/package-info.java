/**
 * Reading typed configuration values with their ranges, keeping the last good value and naming what was refused.
 */
package io.sipsm.host.internal.settings;
