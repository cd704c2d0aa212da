"""HKH (hurtig kartlegging og handling): rapid assessment projects with their action plans."""
