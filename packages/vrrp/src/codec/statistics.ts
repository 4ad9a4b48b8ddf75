/**
 * Per-virtual-router counters named after the VRRPv3 MIB (RFC 6527 `vrrpv3StatisticsEntry`
 * and the router-wide `vrrpv3RouterChecksumErrors` / `VersionErrors` / `VrIdErrors`) and,
 * for v2 authentication, the VRRP MIB (RFC 2787 `vrrpStatsAuthFailures`, …).
 *
 * @module
 */
import type { Advertisement, DropReason } from '../types.js';
import type { DecodeResult } from './decode.js';
import type { ValidationResult } from './validate.js';

/** A point-in-time copy of {@link VrrpStatistics}. */
export interface VrrpStatisticsSnapshot extends Readonly<Record<DropReason, number>> {
  /** Adverts with a bad checksum (`vrrpv3StatisticsChecksumErrors`). */
  readonly checksumErrors: number;
  /** Adverts of another VRRP version (`vrrpv3StatisticsVersionErrors`). */
  readonly versionErrors: number;
  /** Adverts for another virtual router ID (`vrrpv3StatisticsVrIdErrors`). */
  readonly vrIdErrors: number;
  /** Adverts whose TTL / hop limit was not 255 (`vrrpv3StatisticsIpTtlErrors`). */
  readonly ipTtlErrors: number;
  /** Packets of a VRRP type other than advertisement (`vrrpv3StatisticsInvalidTypeErrors`). */
  readonly invalidTypeErrors: number;
  /** Adverts whose interval differs from ours (`vrrpv3StatisticsAdvIntervalErrors`; v3 counts accepted ones too). */
  readonly advIntervalErrors: number;
  /** Adverts whose address list differs from ours (`vrrpv3StatisticsAddressListErrors`). */
  readonly addressListErrors: number;
  /** Packets too short, too long, or whose length disagrees with the address count (`vrrpv3StatisticsPacketLengthErrors`). */
  readonly packetLengthErrors: number;
  /** v2 adverts with an unknown or unsupported auth type (RFC 2787 `vrrpRouterInvalidAuthType`). */
  readonly invalidAuthType: number;
  /** v2 adverts with another auth type than ours (RFC 2787 `vrrpRouterAuthTypeMismatch`). */
  readonly authTypeMismatch: number;
  /** v2 adverts whose authentication data did not match (RFC 2787 `vrrpRouterAuthFailures`). */
  readonly authFailures: number;
  /** Our own adverts looped back (source is one of our addresses). */
  readonly ownAdvert: number;
  /** Unicast adverts from an address that is not a configured peer (`check_unicast_src`). */
  readonly unknownPeer: number;
  /** Valid advertisements received (`vrrpv3StatisticsRcvdAdvertisements`). */
  readonly advertisementsReceived: number;
  /** Advertisements sent (recorded with `recordSent`). */
  readonly advertisementsSent: number;
  /** Valid priority-0 advertisements received (`vrrpv3StatisticsRcvdPriZeroPackets`). */
  readonly priorityZeroReceived: number;
  /** Priority-0 advertisements sent (`vrrpv3StatisticsSentPriZeroPackets`). */
  readonly priorityZeroSent: number;
  /** Transitions to MASTER (`vrrpv3StatisticsMasterTransitions`). */
  readonly masterTransitions: number;
  /** Packets dropped, all reasons together (the sum of the reason counters that dropped). */
  readonly dropped: number;
}

/**
 * Counters of one virtual router. Feed it every {@link ValidationResult} with `record`, and
 * every advertisement sent with `recordSent`.
 *
 * Following the MIB's definitions, `addressListErrors` and `advIntervalErrors` also count
 * advertisements that were *accepted* with `addressMismatch` / `intervalMismatch` flagged
 * (VRRPv3 interval learning, `skipCheckAdvAddr`); `dropped` counts only drops.
 */
export class VrrpStatistics {
  /** Valid advertisements received (`vrrpv3StatisticsRcvdAdvertisements`). */
  advertisementsReceived = 0;
  /** Advertisements sent. */
  advertisementsSent = 0;
  /** Valid priority-0 advertisements received (`vrrpv3StatisticsRcvdPriZeroPackets`). */
  priorityZeroReceived = 0;
  /** Priority-0 advertisements sent (`vrrpv3StatisticsSentPriZeroPackets`). */
  priorityZeroSent = 0;
  /** Transitions to MASTER (`vrrpv3StatisticsMasterTransitions`). */
  masterTransitions = 0;
  /** Packets dropped, all reasons together. */
  dropped = 0;
  /** Bad checksum (`vrrpv3RouterChecksumErrors`). */
  checksumErrors = 0;
  /** Unknown or unexpected version (`vrrpv3RouterVersionErrors`). */
  versionErrors = 0;
  /** VRID not ours (`vrrpv3RouterVrIdErrors`). */
  vrIdErrors = 0;
  /** TTL / hop limit not 255 (`vrrpv3StatisticsIpTtlErrors`). */
  ipTtlErrors = 0;
  /** Packet type not ADVERTISEMENT (`vrrpv3StatisticsRcvdInvalidTypePackets`). */
  invalidTypeErrors = 0;
  /** Interval differs from ours (`vrrpv3StatisticsAdvIntervalErrors`). */
  advIntervalErrors = 0;
  /** Address list differs from ours (`vrrpv3StatisticsAddressListErrors`). */
  addressListErrors = 0;
  /** Length inconsistent with the Count field (`vrrpv3StatisticsPacketLengthErrors`). */
  packetLengthErrors = 0;
  /** v2: unknown or unsupported auth type (`vrrpStatsInvalidAuthType`). */
  invalidAuthType = 0;
  /** v2: auth type differs from ours (`vrrpStatsAuthTypeMismatch`). */
  authTypeMismatch = 0;
  /** v2: wrong password (`vrrpStatsAuthFailures`). */
  authFailures = 0;
  /** Our own advert came back (not an error; not in the MIB). */
  ownAdvert = 0;
  /** Unicast advert from a source that is not a peer (not in the MIB). */
  unknownPeer = 0;

  /** Counts one received packet's verdict (from `validateAdvertisement` or `decodeAdvertisement`). */
  record(result: ValidationResult | DecodeResult): void {
    if (!result.ok) {
      this[result.reason]++;
      this.dropped++;
      return;
    }
    this.advertisementsReceived++;
    if (result.advert.priority === 0) this.priorityZeroReceived++;
    if ('intervalMismatch' in result) {
      if (result.intervalMismatch) this.advIntervalErrors++;
      if (result.addressMismatch) this.addressListErrors++;
    }
  }

  /** Counts one advertisement we sent. */
  recordSent(advert: Pick<Advertisement, 'priority'>): void {
    this.advertisementsSent++;
    if (advert.priority === 0) this.priorityZeroSent++;
  }

  /** Counts one transition to MASTER. */
  recordMasterTransition(): void {
    this.masterTransitions++;
  }

  /** A frozen copy of every counter. */
  snapshot(): VrrpStatisticsSnapshot {
    return Object.freeze({
      advertisementsReceived: this.advertisementsReceived,
      advertisementsSent: this.advertisementsSent,
      priorityZeroReceived: this.priorityZeroReceived,
      priorityZeroSent: this.priorityZeroSent,
      masterTransitions: this.masterTransitions,
      dropped: this.dropped,
      checksumErrors: this.checksumErrors,
      versionErrors: this.versionErrors,
      vrIdErrors: this.vrIdErrors,
      ipTtlErrors: this.ipTtlErrors,
      invalidTypeErrors: this.invalidTypeErrors,
      advIntervalErrors: this.advIntervalErrors,
      addressListErrors: this.addressListErrors,
      packetLengthErrors: this.packetLengthErrors,
      invalidAuthType: this.invalidAuthType,
      authTypeMismatch: this.authTypeMismatch,
      authFailures: this.authFailures,
      ownAdvert: this.ownAdvert,
      unknownPeer: this.unknownPeer,
    });
  }

  /** Sets every counter back to zero. */
  reset(): void {
    const zero = new VrrpStatistics();
    Object.assign(this, zero.snapshot());
  }
}
