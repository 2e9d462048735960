-- Appliances' certificates are held too now (one name, one valid identity, as for gateway hosts): an appliance id is
-- up to 87 characters ('<tenant>/n<network>/t'), and '/retiring' holds the one it renews from until it connects anew.
alter table certificate_holder alter column holder set data type varchar(200);
