#!/usr/bin/env bash
# Builds src/Herald/Publish/Gdelt/Data/geo-codes.tsv.gz from GeoNames' countryInfo.txt and admin1CodesASCII.txt
# (CC BY 4.0, in ../shared/data/geo/geonames): the FIPS 10-4 codes GDELT writes for countries, and first-order
# division codes by country and name. Run from the repository root; the output is committed.
set -euo pipefail
src="${1:-../shared/data/geo/geonames}"
out=src/Herald/Publish/Gdelt/Data/geo-codes.tsv.gz
{
  # C  ISO2  ISO3  FIPS  name
  grep -v '^#' "$src/countryInfo.txt" | awk -F'\t' '$1 != "" { printf "C\t%s\t%s\t%s\t%s\n", $1, $2, $4, $5 }'
  # A  ISO2  division code  name  ascii name
  awk -F'\t' '{ split($1, k, "."); printf "A\t%s\t%s\t%s\t%s\n", k[1], k[2], $2, $3 }' "$src/admin1CodesASCII.txt"
} | LC_ALL=C sort | gzip -9n > "$out"
echo "wrote $out ($(zcat "$out" | wc -l) rows)"
