namespace Sfu.Contracts.Dumps;

/// <summary><c>{ key, value }</c>: one entry of a map in a dump (mediasoup writes maps as arrays of these).</summary>
public sealed record KeyValueEntry<TKey, TValue>(TKey Key, TValue Value);

/// <summary><c>{ key, values }</c>: one entry of a one-to-many map in a dump.</summary>
public sealed record KeyValuesEntry<TKey, TValue>(TKey Key, IReadOnlyList<TValue> Values);
