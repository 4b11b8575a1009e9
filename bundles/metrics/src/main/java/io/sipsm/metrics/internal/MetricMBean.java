package io.sipsm.metrics.internal;

import java.util.List;
import java.util.Map;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanNotificationInfo;
import javax.management.MBeanOperationInfo;
import javax.management.MBeanConstructorInfo;

import io.sipsm.metrics.MetricSource;

/**
 * One source's figures as a read-only MBean: one attribute per sample, named by its series exactly as the
 * Prometheus endpoint writes it (e.g. {@code sipsm_calls_answered_total{gateway="gw1",tenant="acme"}}), a
 * {@code Long} for counts and a {@code Double} for levels and sums. Attributes are read from the source at each
 * access, so a JMX console sees a new tenant or gateway as soon as it counts.
 */
final class MetricMBean implements DynamicMBean {

    private final String name;
    private final MetricSource source;

    MetricMBean(String name, MetricSource source) {
        this.name = name;
        this.source = source;
    }

    private Map<String, Number> samples() {
        return Samples.of(MetricsCollector.read(name, source));
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Number value = samples().get(attribute);
        if (value == null) {
            throw new AttributeNotFoundException(attribute + " is not a series of source " + name + " now");
        }
        return value;
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        Map<String, Number> samples = samples();
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            Number value = samples.get(attribute);
            if (value != null) {
                list.add(new Attribute(attribute, value));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) {
        throw new UnsupportedOperationException("figures are read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attributes = samples().entrySet().stream()
                .map(e -> new MBeanAttributeInfo(e.getKey(), e.getValue().getClass().getName(),
                        "the series " + e.getKey(), true, false, false))
                .toList();
        return new MBeanInfo(MetricMBean.class.getName(), "sipsm figures of " + name,
                attributes.toArray(MBeanAttributeInfo[]::new), new MBeanConstructorInfo[0],
                new MBeanOperationInfo[0], new MBeanNotificationInfo[0]);
    }
}
