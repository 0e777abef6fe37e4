#!/usr/bin/env bash
# Upgrade the database to the newest migration, then create or reset the staff account
# when ATA_STAFF_USERNAME, ATA_STAFF_PASSWORD and ATA_STAFF_EMAIL are set.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
reflex db migrate
python -m ata_reflex.cli ensure-staff
