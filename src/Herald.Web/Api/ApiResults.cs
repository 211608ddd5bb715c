using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;

namespace Herald.Web.Api;

/// <summary>JSON answers of the API: camelCase, nulls left out, errors as RFC 9457 problem documents.</summary>
internal static class ApiResults
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = false,
    };

    public static IResult Ok<T>(T value, int status = 200) =>
        Results.Json(value, Json, "application/json; charset=utf-8", status);

    public static IResult Problem(int status, string title, string detail) =>
        Results.Json(new ProblemDto(status, title, detail), Json, "application/problem+json; charset=utf-8", status);
}

/// <summary>An error: the HTTP status, a short title and a sentence saying what to change.</summary>
public sealed record ProblemDto(int Status, string Title, string Detail);
