/**
 * Building blocks shared by the ZooKeeper and Consul adapters. Not an API: anything in this package
 * can change or disappear at any time.
 */
package io.ganglion.registry.internal;
