/**
 * SIP helpers every layer may use: the SPI's message view over jain-sip, header names and values, reason
 * phrases, stateless rejections, the network fault counters and the methods some application routes.
 */
package io.sipsm.host.internal.sip;
