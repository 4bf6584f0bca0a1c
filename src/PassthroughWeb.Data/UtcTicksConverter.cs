using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace PassthroughWeb.Data;

/// <summary>Stores a <see cref="DateTimeOffset"/> as its UTC ticks: sortable in SQLite, exact on the way back (as UTC).</summary>
internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    value => value.UtcTicks,
    ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
