"""ata-reflex: apply for and manage ATA Carnets with the issuing chamber."""
